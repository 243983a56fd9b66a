import type { ChannelRef, Store } from '../../../src/store/store.ts';

/** `open` gives an empty store; `reopen` opens the same data again (after `close`, or as another process would). */
export interface ContractStores {
  readonly open: () => Promise<Store>;
  readonly reopen: () => Promise<Store>;
}

export const general: ChannelRef = { platform: 'discord', channelId: '111111111111111111' };
export const random: ChannelRef = { platform: 'slack', channelId: 'C0RANDOM' };
export const papers: ChannelRef = { platform: 'discord', channelId: '111111111111111111' };
export const club: ChannelRef = { platform: 'slack', channelId: 'C0CLUB' };
export const KEY = 'doi:10.14336/ad.2020.0228';
