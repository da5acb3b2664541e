defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ]
  ]

  # The API host answers JSON only.
  match "/*path", %{ host: "api.redpencil.io", accept: %{ json: true } } do
    forward conn, path, "http://api/"
  end

  get "/employees", %{ host: ["io", "redpencil", "intranet"] } do
    forward conn, [], "http://employees/"
  end

  # Every project subdomain has its own service.
  get "/projects/*path", %{ host: ["io", "redpencil", project | _rest] } do
    forward conn, path, "http://project-" <> project <> "/"
  end

  get "/status", %{ host: "*.redpencil.io" } do
    send_resp( conn, 200, "redpencil" )
  end

  get "/status", %{ host: "*" } do
    send_resp( conn, 200, "local" )
  end

  match "/*path", %{ reverse_host: ["dashboard" | _rest] } do
    forward conn, path, "http://dashboard/"
  end

  match "/*path", %{ reverse_host: ["dev", env | rest] } do
    IO.inspect( rest, label: "development host" )
    forward conn, path, "http://" <> env <> "-dev/"
  end

  match "/*_", %{ accept: %{ html: true } } do
    forward conn, [], "http://frontend/index.html"
  end
end
