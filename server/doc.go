// Package server is the HTTP face of the lpu engine: the JSON API of the
// public contract (POST /api/v1/<comando>, GET /api/v1/fattispecie, the
// calendar and register downloads, lotto), the Italian web calculator
// lawyers use (server-rendered from embedded templates, no JavaScript
// needed), /openapi.json, /healthz and /metrics.
//
// Handlers are thin: they read the request, call the engine and write
// the answer; no legal rule lives here. Every JSON endpoint goes through
// Engine.Run, so every kind of request the engine answers (lpu.Kinds)
// is served without new handlers; lotto streams through Engine.Lotto, and
// the calendar files come from lpu.RisultatoPiano.
//
// The engine sits behind an atomic pointer: Ricarica swaps in new rules
// and, when they fail to load, keeps the ones in use and says why in the
// log and in /healthz. The server keeps no state between requests, so it
// scales out behind any load balancer.
//
// Logs never hold request bodies, query strings, client addresses or any
// other personal data: only the route, status, size and duration.
package server
