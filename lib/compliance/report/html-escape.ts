/** Everything the report writes into HTML or SVG comes from templates and configuration, so all of it is escaped. */
export const esc = (text: unknown) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
