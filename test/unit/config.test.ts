import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('when nothing is set, then defaults apply and no Neo4j is configured (a local one will start)', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.neo4j.database).toBe('neo4j');
    expect(config.local.dataDir).toBe('.data/neo4j');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when CASEGRAPH_MODEL is set, then the model file is that path; blank means the default model', () => {
    expect(loadConfig({ CASEGRAPH_MODEL: 'model.inferred.json' }).modelFile).toBe('model.inferred.json');
    expect(loadConfig({ CASEGRAPH_MODEL: '  ' }).modelFile).toBeUndefined();
    expect(loadConfig({}).modelFile).toBeUndefined();
  });

  it('when READ_CACHE_MB is set, then the read cache gets that many bytes; 0 turns it off', () => {
    expect(loadConfig({}).readCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ READ_CACHE_MB: '0' }).readCacheBytes).toBe(0);
    expect(loadConfig({ READ_CACHE_MB: '256' }).readCacheBytes).toBe(256 * 1024 * 1024);
    expect(() => loadConfig({ READ_CACHE_MB: 'lots' })).toThrow(/READ_CACHE_MB: must be a whole number/);
  });

  it('when APP_STORE_URL is unset, then the app store is the SQLite file APP_STORE_FILE; postgres:// and sqlite: are read', () => {
    expect(loadConfig({}).appStore).toEqual({ dialect: 'sqlite', file: '.data/casegraph.sqlite' });
    expect(loadConfig({ APP_STORE_FILE: '/srv/app.sqlite' }).appStore).toEqual({
      dialect: 'sqlite',
      file: '/srv/app.sqlite',
    });
    expect(loadConfig({ APP_STORE_URL: 'sqlite:data/x.sqlite' }).appStore).toEqual({
      dialect: 'sqlite',
      file: 'data/x.sqlite',
    });
    expect(loadConfig({ APP_STORE_URL: 'postgres://app:pw@db:5432/casegraph' }).appStore).toEqual({
      dialect: 'postgres',
      url: 'postgres://app:pw@db:5432/casegraph',
    });
    expect(() => loadConfig({ APP_STORE_URL: 'mysql://x' })).toThrow(/APP_STORE_URL: must be postgres/);
    expect(() => loadConfig({ APP_STORE_URL: 'sqlite:' })).toThrow(/APP_STORE_URL/);
  });

  it('when NEO4J_ACCESS is unset, then casegraph may write to the graph; read and write are read, anything else is refused', () => {
    expect(loadConfig({}).graphAccess).toBe('write');
    expect(loadConfig({ NEO4J_ACCESS: '' }).graphAccess).toBe('write');
    expect(loadConfig({ NEO4J_ACCESS: 'read' }).graphAccess).toBe('read');
    expect(loadConfig({ NEO4J_ACCESS: ' write ' }).graphAccess).toBe('write');
    expect(() => loadConfig({ NEO4J_ACCESS: 'readonly' })).toThrow(/NEO4J_ACCESS: must be read or write/);
    expect(() => loadConfig({ NEO4J_ACCESS: 'READ' })).toThrow(/NEO4J_ACCESS/);
  });

  it('when TLS files or TRUST_PROXY are set, then HTTPS needs both files and the proxy setting is read as Express takes it', () => {
    expect(loadConfig({}).tls).toBeUndefined();
    expect(loadConfig({ TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: 'k.pem' }).tls).toEqual({
      certFile: 'c.pem',
      keyFile: 'k.pem',
    });
    expect(() => loadConfig({ TLS_CERT_FILE: 'c.pem' })).toThrow(/TLS_CERT_FILE, TLS_KEY_FILE: set both/);
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'x;y' })).toThrow(/TRUST_PROXY/);
  });

  it('when a value is malformed, then the error names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: must be a whole number/);
    expect(() => loadConfig({ NEO4J_URI: 'http://x' })).toThrow(/NEO4J_URI/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ NEO4J_LOCAL_HEAP: 'lots' })).toThrow(/NEO4J_LOCAL_HEAP/);
  });

  it('when several values are wrong, then every one is named at once', () => {
    try {
      loadConfig({ PORT: '0', NEO4J_PASSWORD: 'short' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'NEO4J_PASSWORD']);
    }
  });

  it('when NEO4J_URI is set without a password, then start-up stops naming NEO4J_PASSWORD', () => {
    expect(() => loadConfig({ NEO4J_URI: 'bolt://db:7687' })).toThrow(/NEO4J_PASSWORD: is required/);
  });

  it('when a blank value is given, then it counts as not set', () => {
    expect(loadConfig({ NEO4J_URI: '  ', PORT: '' }).port).toBe(3000);
  });
});
