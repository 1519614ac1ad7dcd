"""The API's shared pieces that every app's router uses: bounded parameter types, pagination,
problem details and the strict request parser. They import no app, so an app can use them
without importing ``jamlik.api``, which mounts every app's router."""
