// Lists the model zoo with each model's input and output shapes, trainable
// parameters and MACs, all computed from the specs without tensors.
//
//   npm run zoo                 a table for people
//   npm run zoo -- --json       JSON for machines
//   npm run zoo -- resnet18 vgg16   only these models

import { summarize } from '../src/engine/spec/infer.ts';
import { zooModel, zooNames } from '../src/engine/spec/zoo.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
if (unknown.length > 0 || args.includes('--help')) {
  console.error(`usage: npm run zoo -- [--json] [model ...]\nmodels: ${zooNames.join(', ')}`);
  process.exit(unknown.length > 0 ? 2 : 0);
}
const wanted = args.filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : zooNames;
for (const name of names) {
  try {
    zooModel(name);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

const started = performance.now();
const rows = names.map((name) => {
  const model = zooModel(name);
  const summary = summarize(model.build(), model.inputShape);
  return {
    name,
    title: model.title,
    torchvision: model.torchvision,
    inputShape: [...model.inputShape],
    outputShape: summary.outputShape,
    params: summary.totalParams,
    macs: summary.totalMacs,
  };
});
const elapsed = performance.now() - started;

if (json) {
  // One shape per line keeps the output short and greppable.
  console.log(
    JSON.stringify(rows, null, 2).replace(
      /\[\s+(-?\d+(?:,\s+-?\d+)*)\s+\]/g,
      (_, xs: string) => `[${xs.split(/,\s+/).join(', ')}]`,
    ),
  );
} else {
  const int = new Intl.NumberFormat('en-US');
  const table = [
    ['Model', 'Input', 'Output', 'Parameters', 'MACs'],
    ...rows.map((r) => [
      r.name,
      r.inputShape.join('x'),
      `[${r.outputShape.map((d) => (d < 0 ? 'B' : d)).join(', ')}]`,
      int.format(r.params),
      int.format(r.macs),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const numeric = new Set([3, 4]);
  const line = (row: string[]) =>
    row
      .map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(table[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(line(row));
  console.log(
    `\n${rows.length} model${rows.length === 1 ? '' : 's'} in ${elapsed.toFixed(0)} ms. MACs are per image (conv and linear layers).`,
  );
}
