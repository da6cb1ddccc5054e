/** Escaping for terminal output (the pure helper lives in core, for the renderers there too). */
export { escapeControl } from '../core/text.js';
