defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ],
    any: [ "*/*" ]
  ]

  define_layers [ :static, :api, :frontend ]

  # Before `layer:`, a rule named its layer as a key.
  get "/assets/*path", %{ static: true } do
    forward conn, path, "http://frontend/assets/"
  end

  match "/accounts/*path", %{ api: true, accept: %{ json: true } } do
    forward conn, path, "http://resource/accounts/"
  end

  match "/*_path", %{ frontend: true, accept: %{ html: true } } do
    forward conn, [], "http://frontend/index.html"
  end

  match "/*_", %{ frontend: true } do
    send_resp( conn, 404, "Not found" )
  end

  last_match
end
