defmodule Dispatcher do
  use Matcher

  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ],
    sparql: [ "application/sparql-results+json" ],
    upload: [ "multipart/form-data" ],
    image: [ "image/*" ],
    any: [ "*/*" ]
  ]

  define_layers [ :static, :sparql, :api_services, :api, :frontend, :not_found ]

  @json_service %{ layer: :api, accept: %{ json: true } }
  @html_pages %{ layer: :frontend, accept: %{ html: true } }

  options "/*path", %{ layer: :static } do
    conn
    |> Plug.Conn.put_resp_header( "access-control-allow-headers", "content-type,accept" )
    |> Plug.Conn.put_resp_header( "access-control-allow-methods", "GET,POST,PATCH,DELETE" )
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

  get "/torii/redirect.html", %{ layer: :static } do
    forward conn, [], "http://frontend/torii/redirect.html"
  end

  # The admin console has its own host.
  match "/*path", %{ layer: :static, host: "admin.portal.example.be" } do
    forward conn, path, "http://admin-frontend/"
  end

  ###############
  # SPARQL
  ###############
  match "/sparql", %{ layer: :sparql, accept: %{ sparql: true } } do
    forward conn, [], "http://sparql-cache/sparql"
  end

  ###############
  # API SERVICES
  ###############
  match "/sessions/*path", %{ layer: :api_services, accept: %{ json: true } } do
    forward conn, path, "http://login/sessions/"
  end

  post "/files/*path", %{ layer: :api_services, accept: %{ upload: true } } do
    forward conn, path, "http://file/files/"
  end

  get "/files/:id/download", %{ layer: :api_services } do
    forward conn, [], "http://file/files/" <> id <> "/download"
  end

  get "/files/:id/thumbnail", %{ layer: :api_services, accept: %{ image: true } } do
    forward conn, [id, "thumbnail"], "http://thumbnails/files/"
  end

  post "/reports/:id/generate", %{ layer: :api_services } do
    forward conn, [], "http://report-generation/reports/" <> id <> "/generate"
  end

  match "/search/*path", %{ layer: :api_services, accept: %{ json: true } } do
    forward conn, path, "http://search/"
  end

  ###############
  # RESOURCES
  ###############
  match "/bestuurseenheden/*path", @json_service do
    forward conn, path, "http://cache/bestuurseenheden/"
  end

  match "/werkingsgebieden/*path", @json_service do
    forward conn, path, "http://cache/werkingsgebieden/"
  end

  match "/submissions/*path", @json_service do
    forward conn, path, "http://resource/submissions/"
  end

  match "/forms/*path", @json_service do
    forward conn, path, "http://resource/forms/"
  end

  ###############
  # FRONTEND
  ###############
  match "/*_path", @html_pages do
    forward conn, [], "http://frontend/index.html"
  end

  ###############
  # NOT FOUND
  ###############
  match "/*_", %{ layer: :not_found, accept: %{ json: true } } do
    send_resp( conn, 404, "{ \"errors\": [ { \"status\": \"404\", \"title\": \"Route not found\" } ] }" )
  end

  match "/*_", %{ layer: :not_found, accept: %{ image: true } } do
    forward conn, [], "http://frontend/assets/404.png"
  end

  match "/*_", %{ layer: :not_found } do
    send_resp( conn, 404, "Route not found.  See config/dispatcher.ex" )
  end
end
