// Moved to infra/local, where the chaos drill uses it too.
export { spawnWorker, type WorkerProcess } from '../../infra/local/workerProcess';
