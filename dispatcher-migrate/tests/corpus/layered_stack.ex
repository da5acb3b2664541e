defmodule Dispatcher do
  use Matcher

  define_accept_types [
    html: [ "text/html", "application/xhtml+html" ],
    json: [ "application/json", "application/vnd.api+json" ],
    upload: [ "multipart/form-data" ],
    any: [ "*/*" ],
  ]

  define_layers [ :static, :services, :frontend, :not_found ]

  options "/*path", _ do
    conn
    |> Plug.Conn.put_resp_header( "access-control-allow-headers", "content-type,accept" )
    |> Plug.Conn.put_resp_header( "access-control-allow-methods", "*" )
    |> send_resp( 200, "{ \"message\": \"ok\" }" )
  end

  ###############
  # STATIC
  ###############
  get "/assets/*path", %{ layer: :static } do
    forward conn, path, "http://frontend/assets/"
  end

  get "/@appuniversum/*path", %{ layer: :static } do
    forward conn, path, "http://frontend/@appuniversum/"
  end

  get "/favicon.ico", %{ layer: :static } do
    send_resp( conn, 404, "" )
  end

  ###############
  # SERVICES
  ###############
  match "/sessions/*path", %{ layer: :services, accept: %{ json: true } } do
    forward conn, path, "http://login/sessions/"
  end

  post "/files/*path", %{ layer: :services } do
    forward conn, path, "http://file/files/"
  end

  get "/files/:id/download", %{ layer: :services } do
    forward conn, [], "http://file/files/" <> id <> "/download"
  end

  match "/people/*path", %{ layer: :services, accept: %{ json: true } } do
    forward conn, path, "http://cache/people/"
  end

  match "/organizations/*path", %{ layer: :services, accept: %{ json: true } } do
    forward conn, path, "http://cache/organizations/"
  end

  ###############
  # FRONTEND
  ###############
  get "/*_path", %{ layer: :frontend, accept: %{ html: true } } do
    forward conn, [], "http://frontend/index.html"
  end

  ###############
  # NOT FOUND
  ###############
  match "/*_", %{ layer: :not_found, accept: %{ json: true } } do
    send_resp( conn, 404, "{ \"errors\": [ { \"status\": \"404\", \"title\": \"Route not found\" } ] }" )
  end

  match "/*_", %{ layer: :not_found } do
    send_resp( conn, 404, "Route not found.  See config/dispatcher.ex" )
  end
end
