// The type of `client:cell` (hydrate-cell.ts) on a component in .astro files.
declare module 'astro' {
  interface AstroClientDirectives {
    'client:cell'?: boolean;
  }
}
export {};
