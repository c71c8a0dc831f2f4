// A saved conversation whose application profile was deleted says so, and can go on through
// another entry; one whose profile is merely not listed (setting off, listing failed) does not.
import { emit } from '@tauri-apps/api/event';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { APP_EVENT } from '../ipc';
import { alpha, catalogBackend, haiku, listOf, marketing } from '../test/catalog';
import { chatBackend, savedConversation } from '../test/chat';
import { alphaProfile } from '../test/profiles';

const T = 30_000;

describe('a conversation whose profile is gone', () => {
  it('says the profile was deleted when a complete listing of its region lacks it, and continues with the chosen entry', async () => {
    const { saves } = chatBackend({
      saved: [savedConversation()],
      list: listOf([marketing, haiku]),
      settings: { selectedModelId: haiku.id },
    });
    const user = userEvent.setup();
    render(<App />);
    const notice = await screen.findByTestId('profile-gone');
    expect(notice).toHaveTextContent('The profile this conversation used was deleted.');
    expect(within(notice).getByRole('button', { name: 'Choose another model or profile' })).toBeInTheDocument();

    await user.click(within(notice).getByRole('button', { name: `Continue this conversation with ${haiku.name}` }));
    await waitFor(() => expect(saves().at(-1)).toMatchObject({ id: 'c1', entryId: haiku.id, entryName: haiku.name }));
    expect(screen.queryByTestId('profile-gone')).toBeNull();
    expect(screen.getByTestId('chat-target')).toHaveTextContent(haiku.name);
  }, T);

  it('opens the picker from the notice', async () => {
    chatBackend({ saved: [savedConversation()], list: listOf([marketing, haiku]), settings: { selectedModelId: alpha.id } });
    const user = userEvent.setup();
    render(<App />);
    await user.click(within(await screen.findByTestId('profile-gone')).getByRole('button', { name: 'Choose another model or profile' }));
    expect(await screen.findByRole('dialog', { name: 'Choose a model or profile' })).toBeInTheDocument();
  }, T);

  it('says nothing when profiles are not listed at all (the setting is off)', async () => {
    chatBackend({ saved: [savedConversation()], list: listOf([haiku]), settings: { selectedModelId: haiku.id } });
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent('not in the model list now'));
    expect(screen.queryByTestId('profile-gone')).toBeNull();
  }, T);

  it('says so after the profile is deleted from the Profiles screen, even when the next listing fails', async () => {
    const withAlpha = listOf([alpha, haiku]);
    catalogBackend({
      list: withAlpha,
      settings: { selectedModelId: alpha.id },
      handlers: {
        list_conversations: () => [savedConversation()],
        list_profiles: () => [{ region: 'ap-northeast-1', profiles: [alphaProfile], error: null }],
        profile_use: () => ({ selected: true, conversations: [{ id: 'c1', title: 'Budget question' }] }),
        delete_profile: () => null,
      },
    });
    const user = userEvent.setup();
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('chat-target')).toHaveTextContent(alpha.name));
    expect(screen.queryByTestId('profile-gone')).toBeNull();

    await user.keyboard('{Alt>}2{/Alt}');
    await user.click(await screen.findByRole('button', { name: `Delete ${alpha.name}` }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByRole('textbox', { name: /to confirm/ }), alpha.name);
    await user.click(within(dialog).getByRole('button', { name: 'Delete profile' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The backend's broadcast: the catalog without it, its profiles' listing failed this time.
    const after = listOf([haiku]);
    after.catalog!.applicationProfilesIncluded = true;
    after.catalog!.sectionErrors = [{ section: 'applicationProfiles', error: { kind: 'Throttled', message: 'slow down', hint: null } }];
    await emit(APP_EVENT, { type: 'catalog', list: after });

    await user.keyboard('{Alt>}1{/Alt}');
    expect(await screen.findByTestId('profile-gone')).toHaveTextContent('The profile this conversation used was deleted.');
  }, T);
});
