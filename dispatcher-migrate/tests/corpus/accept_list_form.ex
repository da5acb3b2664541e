# Written for mu-dispatcher 2.1: accept lists and define_accept_types
# without brackets.
defmodule Dispatcher do
  use Matcher

  define_accept_types html: ["text/html", "application/xhtml+html"],
                      json: ["application/json", "application/vnd.api+json"],
                      upload: ["multipart/form-data"],
                      sparql_json: ["application/sparql-results+json"],
                      any: [ "*/*" ]

  define_layers [ :api_services, :api, :frontend, :not_found ]

  match "/bpmn-elements", %{ accept: [:json], layer: :api } do
    Proxy.forward conn, [], "http://resource/bpmn-elements"
  end

  match "/bpmn-elements/*path", %{ accept: [:json], layer: :api } do
    Proxy.forward conn, path, "http://resource/bpmn-elements/"
  end

  post "/bpmn-files/*path", %{ accept: [:upload], layer: :api_services } do
    Proxy.forward conn, path, "http://bpmn/"
  end

  match "/bpmn-files/*path", %{ accept: [:any], layer: :api } do
    Proxy.forward conn, path, "http://file/bpmn-files/"
  end

  match "/sparql", %{ accept: [:sparql_json], layer: :api_services } do
    Proxy.forward conn, [], "http://database:8890/sparql"
  end

  match "/assets/*path", %{ layer: :api } do
    Proxy.forward conn, path, "http://frontend/assets/"
  end

  match "/*path", %{ accept: [:html], layer: :api } do
    Proxy.forward conn, [], "http://frontend/index.html"
  end

  match "/*_path", %{ layer: :frontend } do
    Proxy.forward conn, [], "http://frontend/index.html"
  end

  match "/*_", %{ layer: :not_found } do
    send_resp( conn, 404, "Route not found.  See config/dispatcher.ex" )
  end
end
