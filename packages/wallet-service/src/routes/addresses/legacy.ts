import { z } from 'zod';
import { queryBool } from '../../http/fields';

/** `legacy=false` asks for shielded (CT) accounts, which this API does not keep; say so instead of ignoring it. */
export const legacyOnly = queryBool.refine((v) => v, 'must be true: this API keeps no shielded accounts').optional();

export type LegacyQuery = z.output<typeof legacyOnly>;
