import { adminSql } from './databases';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template) return;
  const admin = adminSql();
  try {
    await admin`DROP DATABASE IF EXISTS ${admin(template)} WITH (FORCE)`;
  } finally {
    await admin.end();
  }
}
