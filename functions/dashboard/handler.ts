import { dashboardPage } from '../../lib/dashboard/page';
import { httpHandler } from '../../lib/http/handler';
import { htmlResponse } from '../../lib/http/html';

const page = dashboardPage();

/** GET /dashboard: the live operations page; it asks for the admin key itself and reads the admin API. */
export const handler = httpHandler(async () => htmlResponse(page.html, { scripts: [page.script], connectSelf: true }));
