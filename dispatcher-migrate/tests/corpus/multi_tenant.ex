# One stack serves every municipality: <tenant>.loket.example.be.
defmodule Dispatcher do
  use Matcher
  require Logger
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ]
  ]

  @json %{ accept: %{ json: true } }

  # Preview deployments: <branch>.preview.loket.example.be
  match "/*path", %{ host: ["be", "example", "loket", "preview", branch | _rest] } do
    Logger.info("preview of #{branch}")
    forward conn, path, "http://preview-#{branch}/"
  end

  match "/api/*path", %{ host: ["be", "example", "loket", tenant], accept: %{ json: true } } do
    forward conn, path, "http://#{tenant}-api/"
  end

  match "/*path", %{ host: ["be", "example", "loket", tenant], accept: %{ html: true } } do
    forward conn, [], "http://frontend/" <> tenant <> "/index.html"
  end

  # The shared admin console lists labels as they are written.
  get "/admin/*path", %{ reverse_host: ["admin", "loket" | _] } do
    forward conn, path, "http://admin/"
  end

  match "/*_", @json do
    send_resp( conn, 404, "{ \"errors\": [ { \"title\": \"Unknown municipality\" } ] }" )
  end
end
