defmodule Dispatcher do
  use Plug.Router

  def start(_argv) do
    port = 80
    IO.puts "Starting Plug with Cowboy on port #{port}"
    Plug.Adapters.Cowboy.http __MODULE__, [], port: port
    :timer.sleep(:infinity)
  end

  plug Plug.Logger
  plug :match
  plug :dispatch

  # In order to forward the 'themes' resource to the
  # resource service, use the following forward rule.
  #
  # docker-compose stop; docker-compose rm; docker-compose up
  # after altering this file.
  #
  # match "/themes/*path" do
  #   Proxy.forward conn, path, "http://resource/themes/"
  # end

  get "/microservices/*path" do
    Proxy.forward conn, path, "http://resource/microservices/"
  end

  post "/microservices/*path" do
    Proxy.forward conn, path, "http://resource/microservices/"
  end

  get "/microservice-revisions/*path" do
    Proxy.forward conn, path, "http://resource/microservice-revisions/"
  end

  post "/update-revisions/*path" do
    Proxy.forward conn, path, "http://microservicerevisionservice/update-revisions/"
  end

  match _ do
    send_resp( conn, 404, "Route not found.  See config/dispatcher.ex" )
  end

end
