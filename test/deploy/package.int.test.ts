import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
let outDir: string;
let resources: Record<string, { Type: string; Properties: any }>;

/**
 * `osls package --stage prod` needs no AWS credentials: it builds the bundles and the
 * CloudFormation template, which is where the SQS semantics the local bridge imitates are
 * written down for AWS.
 */
beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'oa-package-'));
  await promisify(execFile)(path.join(ROOT, 'node_modules', '.bin', 'osls'), ['package', '--stage', 'prod', '--package', outDir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: 'postgres://app@proxy.example:5432/orders', ADMIN_API_KEY: 'not-a-real-key' },
    timeout: 180_000,
  });
  const template = JSON.parse(readFileSync(path.join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
  resources = template.Resources;
}, 200_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

describe('the production package', () => {
  it('has the confirm queue with a dead-letter queue behind a redrive policy', () => {
    const queue = resources.OrdersConfirmQueue!;
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['OrdersConfirmDeadLetterQueue', 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(resources.OrdersConfirmDeadLetterQueue!.Type).toBe('AWS::SQS::Queue');
    // the function's timeout stays below the visibility timeout, so a slow batch is not handed out twice
    expect(resources.ConfirmOrderLambdaFunction!.Properties.Timeout).toBeLessThan(queue.Properties.VisibilityTimeout);
  });

  it('feeds confirmOrder from the queue with partial batch responses', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties);
    expect(mappings).toEqual([
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': ['OrdersConfirmQueue', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['ConfirmOrderLambdaFunction', 'Arn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: 10,
      }),
    ]);
  });

  it('schedules the stock sync, the outbox relay and the reaper', () => {
    const targets = ofType('AWS::Events::Rule').map(([, r]) => r.Properties.Targets[0].Arn['Fn::GetAtt'][0]).sort();
    expect(targets).toEqual(['ReapOrdersLambdaFunction', 'RelayOutboxLambdaFunction', 'SyncStockLambdaFunction']);
  });

  it('points the functions at SQS and at the configured database', () => {
    const env = resources.PlaceOrderLambdaFunction!.Properties.Environment.Variables;
    expect(env).toMatchObject({
      STAGE: 'prod',
      QUEUE_DRIVER: 'sqs',
      SQS_QUEUE_URL: { Ref: 'OrdersConfirmQueue' },
      DATABASE_URL: 'postgres://app@proxy.example:5432/orders',
      VENDOR_MOCK_CONTROL: 'false',
    });
  });

  it('bundles each function on its own', () => {
    const zips = readdirSync(outDir).filter((f) => f.endsWith('.zip'));
    expect(zips).toEqual(expect.arrayContaining(['placeOrder.zip', 'confirmOrder.zip', 'syncStock.zip']));
    for (const zip of zips) expect(statSync(path.join(outDir, zip)).size).toBeLessThan(5 * 1024 * 1024);
  });
});
