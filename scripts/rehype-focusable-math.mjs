// @ts-check
// A display formula wider than the column scrolls inside its own box (see
// src/styles/guide.css); a keyboard reader can scroll it only if it can be
// focused, so each one gets tabindex="0" and is named as the formula it holds.

/**
 * @typedef {{ type: string, tagName?: string, properties?: Record<string, unknown>, children?: Node[] }} Node
 */

/** @param {Node} node */
function visit(node) {
  const classes = node.properties?.className;
  if (node.type === 'element' && Array.isArray(classes) && classes.includes('katex-display') && node.properties) {
    node.properties.tabIndex = 0;
    node.properties.role = 'group';
    node.properties.ariaLabel = 'Formula';
  }
  for (const child of node.children ?? []) visit(child);
}

export default function rehypeFocusableMath() {
  /** @param {Node} tree */
  return (tree) => visit(tree);
}
