// idb checks `instanceof IDBRequest` and friends, so the IndexedDB classes must
// exist as globals in Node. Tests still inject their own `new IDBFactory()`.
import 'fake-indexeddb/auto';
