// Which view is open: one value for the whole app, so a view can send the user to another
// (a finished run to Check or to its model).

export type ViewId = 'data' | 'train' | 'uncertainty' | 'check' | 'models' | 'compare' | 'system';

class NavStore {
  // A first-time user can check a digit at once with the shipped posterior, so Check opens first.
  view = $state<ViewId>('check');
}

export const nav = new NavStore();
