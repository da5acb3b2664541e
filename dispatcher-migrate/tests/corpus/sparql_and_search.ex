defmodule Dispatcher do
  use Matcher

  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ],
    sparql: [ "application/sparql-results+json" ],
    any: [ "*/*" ]
  ]

  define_layers [ :static, :sparql, :api_services, :frontend_fallback, :resources, :not_found ]

  ###############
  # SPARQL
  ###############
  match "/sparql", %{ layer: :sparql, accept: %{ sparql: true } } do
    forward conn, [], "http://db:8890/sparql"
  end

  ###############
  # API SERVICES
  ###############
  match "/search/*path", %{ layer: :api_services, accept: %{ json: true } } do
    forward conn, path, "http://search/search"
  end

  get "/health", %{ layer: :api_services } do
    send_resp( conn, 200, "ok" )
  end

  match "/v3/api-docs/*path", %{ layer: :api_services, accept: %{ json: true } } do
    forward conn, path, "http://api-docs/v3/api-docs/"
  end

  ###############
  # STATIC
  ###############
  get "/assets/*path", %{ layer: :static } do
    forward conn, path, "http://frontend/assets/"
  end

  ###############
  # FRONTEND
  ###############
  get "/*_path", %{ layer: :frontend_fallback, accept: %{ html: true } } do
    forward conn, [], "http://frontend/index.html"
  end

  ###############
  # RESOURCES
  ###############
  match "/concept-schemes/*path", %{ layer: :resources, accept: %{ json: true } } do
    forward conn, path, "http://cache/concept-schemes/"
  end

  match "/concepts/*path", %{ layer: :resources, accept: %{ json: true } } do
    forward conn, path, "http://cache/concepts/"
  end

  ###############
  # NOT FOUND
  ###############
  match "/*_", %{ layer: :not_found } do
    send_resp( conn, 404, "Route not found.  See config/dispatcher.ex" )
  end
end
