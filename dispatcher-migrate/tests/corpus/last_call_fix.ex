defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ],
    any: [ "*/*" ]
  ]

  # The layers below lack :last_call, so the 404 rules at the end never
  # fired in mu-dispatcher: unknown API paths got its bare 500.
  define_layers [ :api, :frontend ]

  @json %{ accept: %{ json: true }, layer: :api }
  @fallback %{ last_call: true, accept: %{ json: true } }

  match "/themes/*path", @json do
    forward conn, path, "http://resource/themes/"
  end

  match "/concepts/*path", @json do
    forward conn, path, "http://resource/concepts/"
  end

  match "/assets/*path", %{ layer: :frontend, accept: %{ any: true } } do
    forward conn, path, "http://frontend/assets/"
  end

  match "/*_path", %{ layer: :frontend, accept: %{ html: true } } do
    forward conn, [], "http://frontend/index.html"
  end

  match "/*_", @fallback do
    send_resp( conn, 404, "{ \"errors\": [ { \"title\": \"Not found\" } ] }" )
  end

  # Written as Plug.Router's catch-all: for mu-dispatcher's Matcher this
  # was a path without its leading slash, which matched only the root.
  match "_", %{ last_call: true } do
    send_resp( conn, 404, "Not found" )
  end
end
