import { routesFromServerlessYml, serveHttp } from '../../infra/local/httpAdapter';
import { closeDependencies } from '../../lib/dependencies';

/**
 * The vendor mocks over plain node:http in a process of their own, so that serving the
 * catalogue does not share an event loop with the sync being measured (real vendors do
 * not run in our process either). Prints `{"url": …}` once it listens; SIGTERM stops it.
 */
async function main(): Promise<void> {
  const server = await serveHttp(routesFromServerlessYml(['vendorMock']));
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  process.once('SIGTERM', () => {
    void server
      .close()
      .then(closeDependencies)
      .finally(() => process.exit(0));
  });
}

void main();
