import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, RootContent } from 'mdast';
import { cleanText } from './text.ts';

/**
 * Markdown (a page body, an abstract field, a venue like `*Journal of X*`) as one line of plain
 * text, read with a Markdown parser: emphasis and links become their words, images their alt
 * text, inline and block HTML its text, entities their characters.
 */

/** Containers whose children are blocks: their texts are separated by a space when joined. */
const BLOCK_PARENTS = new Set(['root', 'blockquote', 'list', 'listItem', 'table', 'tableRow', 'footnoteDefinition']);

/** Longest abstract taken from a page body, and how many paragraphs at most. */
const BODY_ABSTRACT_CHARS = 6_000;
const BODY_ABSTRACT_PARAGRAPHS = 6;

/** Paragraphs of a publication page that are navigation, not the paper's abstract. */
const BOILERPLATE =
  /^(?:recommended citation|citation|cite(?: this)?|download|pdf|slides|code|video|poster|bibtex|preprint|published in|link|links|supplementary|click the)\b/i;

export function markdownText(markdown: string): string {
  return cleanText(plainText(fromMarkdown(markdown)));
}

/**
 * One line of Markdown such as a venue (`*Journal of X*`). A line that starts like a list item or
 * a heading (`1. Introduction…`, `# tags`) is read as text, not as that block.
 */
export function inlineMarkdownText(text: string): string {
  if (!/[*_`[\]<>&\\!#]/.test(text)) return cleanText(text);
  const guarded = text
    .replace(/^(\s*)(\d+)([.)]\s)/, '$1$2\\$3')
    .replace(/^(\s*)(>|[-+*](?=\s)|#{1,6}(?=\s))/, '$1\\$2');
  return markdownText(guarded);
}

/** Markdown's emphasis, code, strike and link signs: kept as typed in a title. */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]~|!()]/g;

/**
 * A title: HTML tags and entities become their text, but Markdown signs stay as typed, because a
 * title is corpus data that the platforms' renderers escape, never formatting (DESIGN §4).
 */
export function titleHtmlText(text: string): string {
  return inlineMarkdownText(text.replace(MARKDOWN_PUNCTUATION, '\\$&'));
}

/**
 * The abstract a page keeps in its body: the paragraphs under an "Abstract" heading, else the
 * first blockquote, else the first paragraphs (before the next heading), leaving out citation
 * and download lines. Site templating (Liquid tags, Hugo shortcodes) is not text and goes first.
 */
export function abstractFromBody(body: string): string | undefined {
  const tree = fromMarkdown(withoutTemplating(body));
  const blocks = tree.children;
  const underHeading = blocksUnderAbstractHeading(blocks);
  const quote = blocks.find((node) => node.type === 'blockquote');
  const chosen = underHeading ?? (quote ? [quote] : leadingParagraphs(blocks));
  const text = cleanText(chosen.map((node) => plainText(node)).join(' '));
  return text ? text.slice(0, BODY_ABSTRACT_CHARS) : undefined;
}

function blocksUnderAbstractHeading(blocks: readonly RootContent[]): RootContent[] | undefined {
  const start = blocks.findIndex(
    (node) => node.type === 'heading' && /^(?:abstract|summary)\s*:?$/i.test(cleanText(plainText(node))),
  );
  if (start < 0) return undefined;
  const heading = blocks[start];
  const depth = heading?.type === 'heading' ? heading.depth : 1;
  const rest = blocks.slice(start + 1);
  const end = rest.findIndex((node) => node.type === 'heading' && node.depth <= depth);
  const under = (end < 0 ? rest : rest.slice(0, end)).filter((node) => node.type !== 'heading');
  return under.length ? under : undefined;
}

function leadingParagraphs(blocks: readonly RootContent[]): RootContent[] {
  const chosen: RootContent[] = [];
  let length = 0;
  for (const node of blocks) {
    const isText = node.type === 'paragraph' || (node.type === 'html' && !/^\s*<!--/.test(node.value));
    if (!isText) {
      if (chosen.length && (node.type === 'heading' || node.type === 'thematicBreak')) break;
      continue;
    }
    const text = cleanText(plainText(node));
    if (!text || isBoilerplate(node, text)) continue;
    chosen.push(node);
    length += text.length;
    if (chosen.length >= BODY_ABSTRACT_PARAGRAPHS || length >= BODY_ABSTRACT_CHARS) break;
  }
  return chosen;
}

/** A citation or download line, or a paragraph that is nothing but links and images. */
function isBoilerplate(node: RootContent, text: string): boolean {
  if (BOILERPLATE.test(text)) return true;
  if (node.type !== 'paragraph') return false;
  return node.children.every(
    (child) =>
      child.type === 'link' ||
      child.type === 'image' ||
      child.type === 'linkReference' ||
      (child.type === 'text' && !/[\p{L}\p{N}]/u.test(child.value)),
  );
}

function withoutTemplating(body: string): string {
  return body
    .replace(/\{\{[<%]\s*([\w-]+)[^]*?[>%]\}\}[^]*?\{\{[<%]\s*\/\s*\1\s*[>%]\}\}/g, '')
    .replace(/\{\{[<%][^]*?[>%]\}\}/g, '')
    .replace(/\{%[^]*?%\}/g, '')
    .replace(/\{\{[^]*?\}\}/g, '');
}

function plainText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'code':
      return ` ${node.value} `;
    case 'html':
      // `<i>` in `<i>E. coli</i>` is its own node: the tag goes, the words around it stay joined.
      return cleanText(node.value) ? ` ${cleanText(node.value)} ` : '';
    case 'break':
    case 'thematicBreak':
      return ' ';
    case 'image':
      return node.alt ?? '';
    case 'imageReference':
      return node.alt ?? '';
    case 'definition':
      return '';
    default:
      if (!('children' in node)) return '';
      return (node.children as Nodes[]).map((child) => plainText(child)).join(BLOCK_PARENTS.has(node.type) ? ' ' : '');
  }
}
