import type { ProviderSpec } from '../model';
import { kakunin } from './kakunin';
import { kayle } from './kayle';
import { knouds } from './knouds';
import { kynasmith } from './kynasmith';
import { overten } from './overten';

/** In the catalog's order. */
export const PROVIDER_SPECS: readonly ProviderSpec[] = [kynasmith, kayle, overten, knouds, kakunin];
