defmodule Dispatcher do
  use Matcher

  define_accept_types [
    json: [ "application/json" ],
    broken: [ "application" ]
  ]

  @tenant_options %{ host: tenant_host }

  match "/themes/*path", %{ accept: %{ json: true } } do
    forward conn, path, "resource/themes/"
  end

  get "/teapot", _ do
    send_resp(conn, 1000, "short and stout")
  end

  get "/items/:id", %{ host: ["org", "example", id] } do
    forward conn, [], "http://items/" <> id
  end

  get "/tenants/*path", @tenant_options do
    forward conn, path, "http://tenants/"
  end

  get "/greet/:name", _ do
    greeting(conn, name)
  end

  defp greeting(conn, "admin"), do: send_resp(conn, 403, "no")
  defp greeting(conn, name), do: send_resp(conn, 200, "hello " <> name)
end
