// cytoscape-fcose ships no types; it is a standard Cytoscape extension.
declare module 'cytoscape-fcose' {
  import type cytoscape from 'cytoscape';
  const fcose: cytoscape.Ext;
  export default fcose;
}
