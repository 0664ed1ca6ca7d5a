def test_login_and_patient_list(client, login, therapist, make_patient):
    make_patient(therapist=therapist, last_name="Gonzalez")
    response = login(therapist)
    assert response.status_code == 302
    page = client.get("/patients/")
    assert page.status_code == 200
    assert b"Gonzalez" in page.data
