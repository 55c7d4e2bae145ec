import { randomBytes } from 'node:crypto';
import { migrate } from '../../infra/migrate';
import { databaseUrl } from './databases';

/**
 * Migrates a template database once per run; each suite then copies it in milliseconds.
 * The name is unique per run, so two runs on one machine never drop each other's.
 */
export default async function globalSetup(): Promise<void> {
  const template = `oa_tpl_${randomBytes(4).toString('hex')}`;
  await migrate(databaseUrl(template));
  process.env.TEST_TEMPLATE_DATABASE = template;
}
