defmodule Dispatcher do
  use Matcher

  define_layers [ :api, :frontend ]

  define_accept_types [
    html: [ "text/html", "application/xhtml+html" ],
    json: [ "application/json", "application/vnd.api+json" ]
  ]

  match "/*path", %{ accept: %{ json: true }, layer: :api } do
    forward conn, path, "http://resource/"
  end

  match "/*path", %{ accept: %{ html: true }, layer: :frontend } do
    forward conn, path, "http://frontend/"
  end
end
