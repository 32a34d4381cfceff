/**
 * The development wallet: a public, well-known seed whose first address receives the live simulator's
 * premine, so a newcomer's wallet (and the API's demo and tests) starts with funds. Never use it for real
 * value: the words are published here. Addresses are m/44'/280'/0'/0/i, derived with wallet-lib 4.1.0.
 */
export const DEV_SEED = {
  words:
    'isolate require fox truly mean someone still crumble lens father slight ranch ring valid meat color cube mind all obey poet rule east valve',
  /** account-level xpub (m/44'/280'/0'); the same bytes serve mainnet and testnet */
  xpubkey: 'xpub6CSEfKnRjMQsXnGzwSH4bTbVAM13SW7S46Up3B1i7oGtji7iXrFjq94FeHHwRShb8WBE59gdVSGy6Yks5JaFrpyCKf8UaTgAiWnhkjhcHGC',
  /** receiving addresses 0 and 1 per address network (the node's `unittests` uses mainnet's) */
  addresses: {
    mainnet: ['HKGTk7mVzfp8He7YRgekL2pDcEyVPi9xEY', 'HAFJ2xZHKvXJigKwTbBo3vKDeVHvYcNRHS'],
    testnet: ['WbRNEhc1Rd73GwiQEXeGLAoBNtUcrhxt9h', 'WSQCXYPnkspDhyvoGSBK44JBR8o3yJ7Frw'],
  },
} as const;
