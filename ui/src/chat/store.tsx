// The chat's state lives above the screens: an answer streaming while Settings is open keeps
// arriving (and is saved when it ends), and the draft (with its attachments) is still there on the way back.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Attachment } from '../bindings';
import { useChat } from './useChat';

export type ChatStore = ReturnType<typeof useChat> & {
  /** The message being written. */
  draft: string;
  setDraft: (draft: string) => void;
  /** The files that go with it. */
  pending: Attachment[];
  setPending: (change: (list: Attachment[]) => Attachment[]) => void;
};

const ChatContext = createContext<ChatStore | null>(null);

export function ChatProvider({ children }: { children: ReactNode }) {
  const chat = useChat();
  const [draft, setDraft] = useState('');
  const [pending, setPending] = useState<Attachment[]>([]);
  const value = useMemo(() => ({ ...chat, draft, setDraft, pending, setPending }), [chat, draft, pending]);
  return <ChatContext.Provider value={value}>{children}</ChatContext.Provider>;
}

export function useChatStore(): ChatStore {
  const store = useContext(ChatContext);
  if (!store) throw new Error('useChatStore must be used inside <ChatProvider>');
  return store;
}
