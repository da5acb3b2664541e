defmodule Dispatcher do
  use Matcher
  define_accept_types [
    json: [ "application/json", "application/vnd.api+json" ],
    html: [ "text/html", "application/xhtml+html" ]
  ]

  @json %{ accept: %{ json: true } }

  match "/people/*path", @json do
    forward_to_service(conn, path, "people")
  end

  match "/organizations/*path", @json do
    forward_to_service(conn, path, "organizations")
  end

  options "/*_path", _ do
    conn
    |> allow_cross_origin()
    |> send_resp(204, "")
  end

  get "/teams/:id", @json do
    conn
    |> allow_cross_origin()
    |> forward([], backend("teams") <> id)
  end

  get "/*_path", %{ accept: %{ html: true } } do
    frontend(conn)
  end

  match "/*_", %{ last_call: true } do
    not_found(conn, "Route not found")
  end

  # Every resource type has its own service, named after it.
  defp forward_to_service(conn, path, name) do
    forward conn, path, "http://" <> name <> "-service/" <> name <> "/"
  end

  defp allow_cross_origin(conn) do
    conn
    |> Plug.Conn.put_resp_header("access-control-allow-origin", "*")
    |> Plug.Conn.put_resp_header("access-control-allow-headers", "content-type,accept")
  end

  defp backend(name), do: "http://#{name}/"

  defp frontend(conn), do: forward(conn, [], "http://frontend/index.html")

  defp not_found(conn, message) do
    send_resp(conn, 404, "#{message}.  See config/dispatcher.ex")
  end

  defp unused_helper(conn) do
    send_resp(conn, 500, "unused")
  end
end
