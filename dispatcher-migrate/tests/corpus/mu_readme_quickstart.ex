defmodule Dispatcher do
  use Matcher

  define_accept_types [
    html: [ "text/html", "application/xhtml+html" ],
    json: [ "application/json", "application/vnd.api+json" ],
    any:  [ "*/*" ]
  ]

  match "/themes/*path", %{ accept: %{ json: true } } do
    forward conn, path, "http://resource/themes/"
  end

  match "/assets/*path", %{ accept: %{ any: true } } do
    forward conn, path, "http://frontend/assets/"
  end

  match "/*_path", %{ accept: %{ html: true } } do
    forward conn, [], "http://frontend/index.html"
  end

  match "/*_", %{ last_call: true, accept: %{ json: true } } do
    send_resp(conn, 404, ~s|{ "error": { "code": 404, "message": "Route not found." } }|)
  end
end
