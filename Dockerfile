FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props Portal.sln ./
COPY Portal.Core/Portal.Core.csproj Portal.Core/
COPY Portal.Infrastructure/Portal.Infrastructure.csproj Portal.Infrastructure/
COPY Portal.Web/Portal.Web.csproj Portal.Web/
RUN dotnet restore Portal.Web/Portal.Web.csproj
COPY Portal.Core/ Portal.Core/
COPY Portal.Infrastructure/ Portal.Infrastructure/
COPY Portal.Web/ Portal.Web/
RUN dotnet publish Portal.Web/Portal.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "Portal.Web.dll"]
