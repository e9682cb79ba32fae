/** Everything in the chat that could run code: what hostile model output must never produce. */
export function findExecutable(root: HTMLElement): string[] {
  const problems: string[] = [];
  for (const element of root.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'foreignobject'].includes(tag)) problems.push(`<${tag}>`);
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) problems.push(`${tag}[${attribute.name}]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name)) {
        if (/^\s*(javascript|vbscript|data:text\/html|data:image\/svg)/i.test(attribute.value)) {
          problems.push(`${tag}[${attribute.name}=${attribute.value.slice(0, 40)}]`);
        }
      }
    }
  }
  return problems;
}
