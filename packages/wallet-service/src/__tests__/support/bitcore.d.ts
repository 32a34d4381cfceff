// bitcore-lib (wallet-lib's key library) ships no types; the cross-checks in keys.test.ts only call a few
// of its methods.
declare module 'bitcore-lib';
