/** Call routing: which UM application answers a call (see route.ts for the rules and their order). */
export { routeCall, type Route, type RouteKind } from './route.js';
