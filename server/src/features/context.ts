// What every feature handler receives: the open document, the snapshot, the store and settings.
import type { Snapshot } from '../engine/index';
import type { ManifestStore, OpenDocument } from '../workspace/manifest-store';
import type { Settings } from '../protocol';

/** The inputs of one feature request, resolved by the server before calling the feature. */
export interface FeatureContext {
  doc: OpenDocument;
  snapshot: Snapshot;
  store: ManifestStore;
  settings: Settings;
}
