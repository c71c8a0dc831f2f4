// Files sent with a message: read as base64, their Bedrock format taken from the name or the MIME
// type, and checked against AWS's limits before anything is sent (the backend checks the same).
import type { Attachment, AttachmentKind, ModelFeatures } from '../bindings';

// AWS's limits in decimal megabytes, as the backend checks them (core `chat/attachments.rs`): a
// file the window lets through is never refused by the backend for its size.
export const MAX_IMAGES = 20;
export const MAX_IMAGE_BYTES = 3_750_000;
export const MAX_DOCUMENTS = 5;
export const MAX_DOCUMENT_BYTES = 4_500_000;

const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'] as const;

const BY_EXTENSION: Record<string, string> = {
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  gif: 'gif',
  webp: 'webp',
  pdf: 'pdf',
  csv: 'csv',
  doc: 'doc',
  docx: 'docx',
  xls: 'xls',
  xlsx: 'xlsx',
  html: 'html',
  htm: 'html',
  txt: 'txt',
  md: 'md',
  markdown: 'md',
};

const BY_MIME: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/** What the file button offers. */
export const ACCEPT = [
  ...Object.keys(BY_EXTENSION).map((e) => `.${e}`),
  ...Object.keys(BY_MIME),
].join(',');

export const FORMATS_TEXT = 'PNG, JPEG, GIF, WebP images; PDF, CSV, DOC, DOCX, XLS, XLSX, HTML, TXT, MD documents';

/** The Bedrock format and kind of a file, from its extension, else its MIME type. */
export function formatOf(name: string, mime: string): { format: string; kind: AttachmentKind } | null {
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  const format = (ext ? BY_EXTENSION[ext] : undefined) ?? BY_MIME[mime.toLowerCase()];
  if (!format) return null;
  return { format, kind: (IMAGE_FORMATS as readonly string[]).includes(format) ? 'image' : 'document' };
}

function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** Reads a file into an attachment, or says why it cannot be one. */
export async function readAttachment(file: File, fallbackName = 'pasted image'): Promise<Attachment | string> {
  const name = file.name || `${fallbackName}.${file.type.split('/')[1] ?? 'png'}`;
  const f = formatOf(name, file.type);
  if (!f) return `${name}: this type of file cannot be sent (${FORMATS_TEXT}).`;
  try {
    return { name, kind: f.kind, format: f.format, data: await readBase64(file), size: file.size };
  } catch (e) {
    return `${name}: the file could not be read (${String(e)}).`;
  }
}

/** A size in the decimal units AWS states its limits in (so "3.80 MB" is over "3.75 MB"). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} KB`;
  return `${(n / 1_000_000).toFixed(2)} MB`;
}

/**
 * Why these attachments cannot go with `text` to this model (`null`: they can). `features` null
 * means unknown: only AWS's own limits are checked then, and the backend decides the rest.
 */
export function attachmentProblem(attachments: readonly Attachment[], text: string, features: ModelFeatures | null): string | null {
  const images = attachments.filter((a) => a.kind === 'image');
  const documents = attachments.filter((a) => a.kind === 'document');
  if (features && images.length > 0 && !features.imageInput) {
    return `${images[0]?.name} is an image, and this model takes text only: remove it, or start a chat with a model that takes images.`;
  }
  if (features && documents.length > 0 && !features.documentInput) {
    return `${documents[0]?.name} is a document, and this model does not take documents: remove it, or start a chat with a model that does.`;
  }
  if (images.length > MAX_IMAGES) return `${images.length} images attached: at most ${MAX_IMAGES} images go with one message.`;
  if (documents.length > MAX_DOCUMENTS) return `${documents.length} documents attached: at most ${MAX_DOCUMENTS} documents go with one message.`;
  for (const a of images) {
    if (a.size > MAX_IMAGE_BYTES) return `${a.name} is ${formatBytes(a.size)}: an image may be at most 3.75 MB.`;
  }
  for (const a of documents) {
    if (a.size > MAX_DOCUMENT_BYTES) return `${a.name} is ${formatBytes(a.size)}: a document may be at most 4.5 MB.`;
  }
  if (documents.length > 0 && text.trim() === '') return `${documents[0]?.name} needs a message with it: Bedrock takes a document only with some text.`;
  return null;
}
