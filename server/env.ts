/**
 * Loads `.env` (if any) into process.env, then validates it. Entry points call
 * this once; library code receives the resulting Config and never reads env.
 */
import dotenv from 'dotenv';
import { ConfigError, loadConfig, type Config } from './config.js';

export function configFromEnvironment(): Readonly<Config> {
  dotenv.config({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
