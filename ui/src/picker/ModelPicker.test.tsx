import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import type { IpcErrorKind, ModelEntry } from '../bindings';
import { ERROR_TITLE } from '../shell/ErrorNotice';
import { alpha, catalogBackend, catalogOf, embed, foundation, haiku, listOf, marketing, nova, usHaiku } from '../test/catalog';

async function openPicker() {
  const user = userEvent.setup();
  render(<App />);
  await user.click(await screen.findByRole('button', { name: /^Model:/ }));
  const listbox = await screen.findByRole('listbox', { name: 'Models and profiles' });
  await within(listbox).findAllByRole('option');
  return { user, listbox };
}

function option(listbox: HTMLElement, name: string): HTMLElement {
  const found = within(listbox)
    .getAllByRole('option')
    .find((o) => o.textContent?.includes(name));
  if (!found) throw new Error(`no option ${name}`);
  return found;
}

describe('model picker', () => {
  it('marks application profiles with the icon, the blue left border and the Profile badge, and nothing else', async () => {
    catalogBackend();
    const { listbox } = await openPicker();
    const row = option(listbox, 'project-alpha-claude-sonnet');
    expect(row.querySelector('[data-icon="brain-circuit"]')).not.toBeNull();
    expect(row.className).toContain('border-l-[3px]');
    expect(row.className).toContain('border-profile');
    expect(within(row).getByText('Profile')).toBeInTheDocument();
    // No description: the kind is said instead.
    expect(row).toHaveTextContent('Application Inference Profile');
    expect(option(listbox, 'marketing-team-claude-haiku')).toHaveTextContent('Marketing content generation');

    const system = option(listbox, 'US Anthropic Claude 3 Haiku');
    expect(within(system).getByText('Cross-region · US')).toBeInTheDocument();
    for (const other of [system, option(listbox, 'Nova Lite')]) {
      expect(other.querySelector('[data-icon="brain-circuit"]')).toBeNull();
      expect(other.className).not.toContain('border-profile');
      expect(within(other).queryByText('Profile')).toBeNull();
    }
  });

  it('groups application profiles first, then by provider', async () => {
    catalogBackend();
    const { listbox } = await openPicker();
    const headers = [...listbox.querySelectorAll('[role="presentation"]')].map((h) => h.textContent);
    expect(headers).toEqual(['Application profiles (2)', 'Amazon (2)', 'Anthropic (2)']);
  });

  it('shows the ARN, the model and the tags in a tooltip on hover, with a copy button', async () => {
    catalogBackend();
    const { user, listbox } = await openPicker();
    await user.hover(option(listbox, 'Nova Lite'));
    expect(screen.queryByRole('tooltip')).toBeNull();
    await user.hover(option(listbox, 'project-alpha-claude-sonnet'));
    const tip = await screen.findByRole('tooltip');
    expect(within(tip).getByTestId('tooltip-arn')).toHaveTextContent(alpha.arn);
    expect(tip).toHaveTextContent('Claude 3.5 Sonnet');
    expect(within(tip).getByRole('list', { name: 'Tags' })).toHaveTextContent('Project=Alpha');
    expect(within(tip).getByRole('button', { name: 'Copy ARN' })).toBeInTheDocument();
    expect(option(listbox, 'project-alpha-claude-sonnet')).toHaveAttribute('aria-describedby', tip.id);
  });

  it('shows the tooltip on keyboard focus too', async () => {
    catalogBackend();
    const { user } = await openPicker();
    const search = screen.getByRole('combobox', { name: 'Search models and profiles' });
    // The first entry is active at first; moving down reaches the second profile.
    await user.keyboard('{ArrowDown}');
    const active = document.getElementById(search.getAttribute('aria-activedescendant') ?? '');
    expect(active).toHaveTextContent('marketing-team-claude-haiku');
    const tip = await screen.findByRole('tooltip');
    expect(tip).toHaveTextContent(marketing.arn);
    expect(tip).toHaveTextContent('Department=Marketing');
    expect(active).toHaveAttribute('aria-describedby', tip.id);
  });

  it('searches by tag key=value, provider, id and ARN', async () => {
    catalogBackend();
    const { user, listbox } = await openPicker();
    const search = screen.getByRole('combobox');
    const names = () => within(listbox).queryAllByRole('option').map((o) => o.querySelector('.truncate')?.textContent);

    await user.type(search, 'project=alpha');
    expect(names()).toEqual(['project-alpha-claude-sonnet']);
    await user.clear(search);
    await user.type(search, 'costcenter=cc-2');
    expect(names()).toEqual(['marketing-team-claude-haiku']);
    await user.clear(search);
    await user.type(search, 'amazon');
    expect(names()).toEqual(['Nova Lite', 'Titan Text Embeddings V2']);
    await user.clear(search);
    await user.type(search, 'mkt000000001');
    expect(names()).toEqual(['marketing-team-claude-haiku']);
    await user.clear(search);
    await user.type(search, 'zzz-nothing');
    expect(listbox).toHaveTextContent('Nothing matches “zzz-nothing”.');
  });

  it('opens with Ctrl+K, moves with the arrows and saves the choice with Enter', async () => {
    const calls = catalogBackend();
    const user = userEvent.setup();
    render(<App />);
    await screen.findByRole('button', { name: /^Model:/ });
    await waitFor(() => expect(calls.some((c) => c.cmd === 'list_models')).toBe(true));
    await user.keyboard('{Control>}k{/Control}');
    const search = await screen.findByRole('combobox');
    expect(search).toHaveFocus();
    await user.type(search, 'haiku');
    // marketing-team-claude-haiku, then Claude 3 Haiku, then the US profile.
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
    const saves = calls.filter((c) => c.cmd === 'update_settings');
    expect(saves).toHaveLength(1);
    expect((saves[0]?.args as { settings: { selectedModelId: string } }).settings.selectedModelId).toBe(usHaiku.id);
    expect(screen.getByRole('button', { name: /^Model:/ })).toHaveAccessibleName(`Model: ${usHaiku.name}`);
  });

  it('does not select what cannot chat, and says why', async () => {
    const calls = catalogBackend();
    const { user, listbox } = await openPicker();
    const row = option(listbox, 'Titan Text Embeddings V2');
    expect(row).toHaveAttribute('aria-disabled', 'true');
    await user.click(row);
    expect(await screen.findByText(/Does not produce text/, { selector: '[role="status"]' })).toBeInTheDocument();
    expect(calls.filter((c) => c.cmd === 'update_settings')).toHaveLength(0);
    expect(screen.getByRole('button', { name: /^Model:/ })).not.toHaveAccessibleName(`Model: ${embed.name}`);
  });

  it('says when application profiles are hidden by the setting', async () => {
    catalogBackend({ list: listOf([haiku, nova]), settings: { enableInferenceProfiles: false } });
    await openPicker();
    expect(screen.getByTestId('profiles-off')).toHaveTextContent('Application inference profiles are hidden');
  });

  const kinds: IpcErrorKind[] = ['NoCredentials', 'ExpiredCredentials', 'AccessDenied', 'RegionMismatch', 'Throttled', 'Network'];
  it.each(kinds)('shows a %s error with its hint and a working retry', async (kind) => {
    const error = { kind, message: `message for ${kind}`, hint: `hint for ${kind}` };
    const calls = catalogBackend({ list: listOf(null, { error }) });
    const user = userEvent.setup();
    render(<App />);
    await user.click(await screen.findByRole('button', { name: /^Model:/ }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveAttribute('data-error-kind', kind);
    expect(alert).toHaveTextContent(ERROR_TITLE[kind]);
    expect(alert).toHaveTextContent(`message for ${kind}`);
    expect(alert).toHaveTextContent(`hint for ${kind}`);
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'refresh_models')).toHaveLength(1));
  });

  it('shows a failed application-profile listing on its section, with its hint and Retry, and still lists the rest', async () => {
    const error = { kind: 'AccessDenied' as const, message: 'ListInferenceProfiles was denied', hint: 'Allow bedrock:ListInferenceProfiles' };
    const catalog = { ...catalogOf([haiku, nova, usHaiku]), sectionErrors: [{ section: 'applicationProfiles' as const, error }] };
    const list = listOf(null, { catalog });
    const calls = catalogBackend({ list });
    const { user, listbox } = await openPicker();
    const section = screen.getByRole('region', { name: 'Application profiles' });
    expect(section).toHaveTextContent('Application profiles could not be listed');
    const alert = within(section).getByRole('alert');
    expect(alert).toHaveAttribute('data-error-kind', 'AccessDenied');
    expect(alert).toHaveTextContent('ListInferenceProfiles was denied');
    expect(alert).toHaveTextContent('Allow bedrock:ListInferenceProfiles');
    // The other sections are listed, and there is no whole-list error.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    for (const name of ['Claude 3 Haiku', 'Nova Lite', 'US Anthropic Claude 3 Haiku']) expect(option(listbox, name)).toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(calls.filter((c) => c.cmd === 'refresh_models')).toHaveLength(1));
  });

  it('keeps a stale list visible and says it is refreshing', async () => {
    const list = listOf([alpha, haiku], { stale: true });
    catalogBackend({ list });
    const { listbox } = await openPicker();
    expect(screen.getByText(/Showing the list saved .*; refreshing…/)).toBeInTheDocument();
    expect(within(listbox).getAllByRole('option')).toHaveLength(2);
  });

  it('renders only the rows in view of a 2,000-entry list', async () => {
    const many: ModelEntry[] = Array.from({ length: 2000 }, (_, i) =>
      foundation(`vendor.model-${i}`, `Model ${String(i).padStart(4, '0')}`, `Vendor ${i % 20}`),
    );
    catalogBackend({ list: listOf([marketing, ...many]) });
    const { listbox } = await openPicker();
    const rendered = within(listbox).getAllByRole('option').length;
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(40);
    // Scrolling far down replaces the rows in the DOM with far ones.
    const before = within(listbox).getAllByRole('option').map((o) => o.id);
    fireEvent.scroll(listbox, { target: { scrollTop: 52 * 1500 } });
    await waitFor(() => {
      const after = within(listbox).getAllByRole('option');
      expect(after.length).toBeLessThan(40);
      expect(after.some((o) => before.includes(o.id))).toBe(false);
    });
  });
});
