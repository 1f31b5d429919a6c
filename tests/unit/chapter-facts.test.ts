// The syllabus and sidebar facts read from a chapter's MDX source.
import { describe, expect, it } from 'vitest';
import { chapterFacts } from '../../src/components/syllabus/chapter-facts.ts';

const body = `import RunnableCell from '../../../components/RunnableCell.astro';
import ConvStepper from '../../../components/figures/convolution/ConvStepper.svelte';
import Table from '../../../components/figures/architecture/ArchitectureTable.astro';
import { SAMPLE } from '../../../components/figures/pooling/pooling-model.ts';

See [pooling](../pooling/#gap) and [the start](../train-your-first-cnn/), [pooling again](../pooling/), [here](#x).

<ConvStepper client:visible caption="a" />
<ConvStepperLike />
<Table spec={s} />
<ConvStepper
  client:visible
/>
<RunnableCell id="a" title="A" />
<RunnableCell id="b" title="B" />`;

describe('chapterFacts', () => {
  it('counts figure components (Svelte and Astro) and cells, not other imports or lookalike tags', () => {
    const facts = chapterFacts(body, 'guide/convolution');
    expect(facts.figures).toBe(3);
    expect(facts.cells).toBe(2);
    expect(facts.cellIds).toEqual(['a', 'b']);
  });
  it('lists the chapters it links to, once each, in order', () => {
    expect(chapterFacts(body, 'guide/convolution').linksTo).toEqual(['guide/pooling', 'guide/train-your-first-cnn']);
  });
  it('has nothing to count in plain prose', () => {
    expect(chapterFacts('Just text.', 'guide/x')).toEqual({ figures: 0, cells: 0, cellIds: [], linksTo: [] });
  });
});
