defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ]
  ]

  define_layers [ :services, :frontend ]

  # The root: mu-dispatcher's "/" never matched, so index requests went to
  # the frontend rule below.
  get "/", _ do
    send_resp( conn, 200, "API root" )
  end

  # A trailing slash never matched either.
  get "/docs/", _ do
    forward conn, [], "http://docs/index.html"
  end

  get "/docs/*path", _ do
    forward conn, path, "http://docs/"
  end

  # Paths with dot segments are normalized before matching now.
  get "/assets/../secrets", _ do
    send_resp( conn, 403, "forbidden" )
  end

  # `jsno` is a typo: no request ever had it.
  match "/themes/*path", %{ accept: %{ jsno: true } } do
    forward conn, path, "http://resource/themes/"
  end

  match "/themes/*path", %{ accept: %{ json: true } } do
    forward conn, path, "http://resource/themes/"
  end

  match "/images/*path", %{ accept: %{ json: true }, layer: :backend } do
    forward conn, path, "http://resource/images/"
  end

  get "/admin/*path", %{ host: "Admin.Example.com" } do
    forward conn, path, "http://admin/"
  end

  get "/admin/*path", %{ host: "admin.example.com" } do
    forward conn, path, "http://admin/"
  end

  match "/*_path", %{ accept: %{ html: true }, layer: :frontend } do
    forward conn, [], "http://frontend/index.html"
  end
end
