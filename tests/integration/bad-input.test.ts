// What a reader sees when they type something a cell cannot do: each case is
// run through the worker session as the page's Run does, and must end in an
// error that says what went wrong in the reader's words; the session then
// still runs the next cell.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkerSession } from '../../src/engine/runtime/worker-session.ts';
import type { CellError, FromWorker } from '../../src/engine/contract/index.ts';
import { registerWasmTrainingKernelsInNode } from '../../src/engine/tf/wasm-node.ts';
import { BASE, diskFetch } from './run-cell.ts';

type Ending = { type: 'done' } | { type: 'error'; error: CellError } | { type: 'stopped' };

let runCode: (code: string) => Promise<Ending>;

beforeAll(() => {
  vi.stubGlobal('fetch', diskFetch);
  let finished: (ending: Ending) => void = () => {};
  let runId = 0;
  const session = createWorkerSession(
    (message: FromWorker) => {
      if (message.type === 'done' || message.type === 'stopped') finished({ type: message.type });
      if (message.type === 'error') finished({ type: 'error', error: message.error });
    },
    async (name) => {
      if (name !== 'wasm') throw new Error(`this test runs on wasm, not ${name}`);
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmTrainingKernelsInNode();
    },
  );
  session.handle({ type: 'init', baseUrl: BASE, backends: ['wasm'] });
  runCode = (code) => {
    const ended = new Promise<Ending>((resolve) => (finished = resolve));
    session.handle({ type: 'run', runId: ++runId, cellId: 'bad-input', code });
    return ended;
  };
});

async function errorOf(code: string): Promise<CellError> {
  const ending = await runCode(code);
  if (ending.type !== 'error') throw new Error(`expected an error, the cell ended ${ending.type}`);
  // The session survives: a plain cell runs right after.
  expect(await runCode("import { show } from 'cnn-guide';\nshow.log('still here');\n")).toEqual({ type: 'done' });
  return ending.error;
}

const SMALL_TRAINING = (
  settings: string,
  transform = '',
) => `import { nn, buildModel, loadFashionMnist, toTensors, train } from 'cnn-guide';
const data = await loadFashionMnist({ train: 64, test: 0 });
const trainSet = toTensors(data.train);${transform}
const model = buildModel(nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), [1, 28, 28]);
await train(model, trainSet, null, ${settings});
`;

describe('a cell edited into something that cannot run', () => {
  it('a syntax error names the line', async () => {
    const error = await errorOf('const a = 1;\nconst b = ;\n');
    expect(error.name).toBe('SyntaxError');
    expect(error.line).toBe(2);
  });

  it('an import of a module that does not exist names the modules that do', async () => {
    const error = await errorOf("import torch from 'torch';\nconsole.log(torch);\n");
    expect(error.message).toContain("'torch' is not available here");
    expect(error.message).toContain("'cnn-guide'");
    expect(error.line).toBe(1);
  });

  it('a shape mistake deep in the model builder names the layer and the reader line', async () => {
    const error = await errorOf(
      "import { nn, buildModel } from 'cnn-guide';\n\nbuildModel(nn.Sequential(nn.Conv2d(3, 8, 3)), [1, 28, 28]);\n",
    );
    expect(error.message).toMatch(/Conv2d/);
    expect(error.message).toMatch(/3/);
    expect(error.line).toBe(3);
  });

  it('a model too big for the browser is refused before any weight is made, with the estimate and the limit', async () => {
    const error = await errorOf(
      "import { nn, buildModel } from 'cnn-guide';\nbuildModel(nn.Sequential(nn.Flatten(), nn.Linear(100000, 100000)), [1, 100000, 1]);\n",
    );
    expect(error.message).toContain('10,000,100,000 parameters');
    expect(error.message).toContain('40 GB');
    expect(error.message).toMatch(/limit/);
    expect(error.line).toBe(2);
  });

  it('a model whose training at this batch size would not fit is refused before the first batch, with the estimate and the limit', async () => {
    const error = await errorOf(`import { nn, buildModel, loadFashionMnist, toTensors, train } from 'cnn-guide';
const data = await loadFashionMnist({ train: 64, test: 0 });
const wide = nn.Sequential(nn.Conv2d(1, 20000, 3, { padding: 1 }), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(20000, 10));
const model = buildModel(wide, [1, 28, 28]);
await train(model, toTensors(data.train), null, { epochs: 1, batchSize: 64, learningRate: 0.01 });
`);
    expect(error.message).toMatch(/at batch size 64 needs about [\d.]+ GB/);
    expect(error.message).toContain('layer outputs kept for the backward pass');
    expect(error.message).toContain('over the limit of 3 GB');
    expect(error.message).toMatch(/batchSize of at most \d+/);
    expect(error.line).toBe(5);
  });

  it.each([
    ['learningRate: NaN', /learningRate must be a positive number, got NaN/],
    ['learningRate: -0.01', /learningRate must be a positive number, got -0\.01/],
    ['learningRate: Infinity', /learningRate must be a positive number, got Infinity/],
  ])('train() with %s says which setting and what it got', async (setting, message) => {
    const error = await errorOf(SMALL_TRAINING(`{ epochs: 1, batchSize: 32, ${setting} }`));
    expect(error.message).toMatch(message);
  });

  it.each([['batchSize: 0'], ['batchSize: 1.5']])(
    'train() with %s says batchSize must be a positive whole number',
    async (setting) => {
      const error = await errorOf(SMALL_TRAINING(`{ epochs: 1, learningRate: 0.01, ${setting} }`));
      expect(error.message).toMatch(/batchSize/);
      expect(error.message).toContain(setting.split(': ')[1]);
    },
  );

  it('asking for more images than the dataset has says how many there are', async () => {
    const error = await errorOf("import { loadFashionMnist } from 'cnn-guide';\nawait loadFashionMnist({ train: 10000000 });\n");
    expect(error.message).toMatch(/10,?000,?000/);
    expect(error.message).toMatch(/Only [\d,]+ training images/);
  });

  it('a loss that becomes NaN stops training, names the step and gives a hint', async () => {
    const error = await errorOf(
      SMALL_TRAINING('{ epochs: 1, batchSize: 16, learningRate: 0.01 }', '\ntrainSet.x = trainSet.x.mul(NaN);'),
    );
    expect(error.message).toMatch(/loss became NaN by step \d+/);
    expect(error.message).toMatch(/step \d+/);
    expect(error.message).toMatch(/learning rate/);
  });

  it('a huge learning rate that makes the loss blow up stops training and suggests a smaller one', async () => {
    const error = await errorOf(SMALL_TRAINING("{ epochs: 1, batchSize: 16, learningRate: 1e38, optimizer: 'sgd' }"));
    expect(error.message).toMatch(/loss became (NaN|Infinity) by step \d+/);
    expect(error.message).toContain('learning rate (1e+38)');
  });

  it('session.need of a value no cell produces names the value', async () => {
    const error = await errorOf("import { session } from 'cnn-guide';\nsession.need('wizard');\n");
    expect(error.message).toContain('wizard');
    expect(error.line).toBe(2);
  });
});
