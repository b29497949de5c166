from kb import create_app

app = create_app()
