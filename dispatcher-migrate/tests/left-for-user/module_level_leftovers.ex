defmodule Dispatcher do
  use Plug.Router

  plug CORSPlug, origin: ["https://example.org"]
  plug :match
  plug :dispatch

  forward "/api", to: ApiRouter

  get "/files/file-:id" do
    Proxy.forward conn, [id], "http://file/"
  end

  match "/reports/*path", via: :get do
    Proxy.forward conn, path, "http://reports/"
  end

  get "/ok" do
    send_resp(conn, 200, "ok")
  end

  match _ do
    send_resp(conn, 404, "not found")
  end
end
