"""Forwarding an organisation's xAPI statements to an external LRS of its choosing (docs/xapi.md,
"Forwarding"). It lives beside the webhooks because it is the same kind of work: an outbox
written in the emitter's transaction, sent by the worker with retries and backoff, to an address
checked against server-side request forgery, with a secret encrypted at rest."""
