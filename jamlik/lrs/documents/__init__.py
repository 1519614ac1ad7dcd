"""xAPI's document resources (State, Activity Profile, Agent Profile) and the two read-only
resources derived from statements (Activities, Agents). See docs/xapi.md ("Documents")."""
