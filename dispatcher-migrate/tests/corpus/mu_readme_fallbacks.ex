defmodule Dispatcher do
  use Matcher

  define_accept_types [
    html: [ "text/html", "application/xhtml+html" ],
    json: [ "application/json", "application/vnd.api+json" ],
    text: [ "text/*" ],
    png:  [ "image/png" ]
  ]

  get "/*_", %{ last_call: true, accept: %{ json: true } } do
    send_resp(conn, 404, ~s|{ "error": { "code": 404, "message": "Route not found." } }|)
  end

  get "/*_", %{ last_call: true, accept: %{ html: true } } do
    send_resp(conn, 404, "<html><body><h1>404 - Not found</h1></body></html>")
  end

  get "/*_", %{ last_call: true, accept: %{ text: true } } do
    send_resp(conn, 404, "404 - page not found\n\nSee config/dispatcher.ex")
  end

  get "/*_", %{ last_call: true, accept: %{ png: true } } do
    forward conn, [], "http://static/404.png"
  end
end
