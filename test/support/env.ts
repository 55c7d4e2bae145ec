// Quiet logs in tests unless asked for; each suite points DATABASE_URL at its own database.
process.env.LOG_LEVEL ??= 'SILENT';
process.env.STAGE ??= 'local';
