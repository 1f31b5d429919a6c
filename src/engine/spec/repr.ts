// The text PyTorch's `print(model)` gives for the same module, so a reader can
// put the two side by side. Locked against fixtures printed by torch itself.

import { isContainer, namedChildren, type ModuleSpec } from './layers';
import { ruleFor } from './rules';

export { pythonFloat } from './python';

/**
 * A layer or module as PyTorch prints it: `ReLU()` on one line, a container
 * as its class name with one indented `(name): child` line per child
 * (torch.nn.Module.__repr__ and its _addindent).
 */
export function formatLayer(module: ModuleSpec): string {
  if (!isContainer(module)) return ruleFor(module).repr(module);
  const children = namedChildren(module);
  if (children.length === 0) return `${module.className}()`;
  const lines = children.map(([name, child]) => `(${name}): ${formatLayer(child).split('\n').join('\n  ')}`);
  return `${module.className}(\n  ${lines.join('\n  ')}\n)`;
}

/** The model as `print(model)` shows it. */
export function formatModel(model: ModuleSpec): string {
  return formatLayer(model);
}
