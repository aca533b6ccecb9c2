// The API docs from the packaged Swagger UI (no CDN), started from a file: the page's CSP allows no inline script.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui" });
